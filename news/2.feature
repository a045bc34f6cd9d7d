Foundation: Plone 6.2.2 distribution `sozialplattform` with a complete lock, instance
rendering from instance.yaml with profiles, mail settings from the environment, test layers
(integration, functional WSGI, real SMTP, Chromium) and the German "Erste Schritte" handbook.
