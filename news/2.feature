Foundation: Plone 6.2.2 distribution `sozialplattform` with a complete lock (uv, build
dependencies constrained too), instance rendering from instance.yaml with profiles, fail-fast
checks (port, held database, unknown keys, mail settings, lock drift), `make start` creating
the site in the serving process on first run, durable outgoing mail (maildir queue with retry),
test layers (integration, functional WSGI, real SMTP, Chromium) and the German
"Erste Schritte" handbook.
