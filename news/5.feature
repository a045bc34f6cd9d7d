Onboarding (Anbindung): information page, easyform interest form, OnboardingRequest workflow
(AVV sent/signed, access granted with a set-password link, active on first login), function
gating by state participation, grant and centre switch, retention purge, German handbooks
with screenshots as HTML and PDF in a filterable download area.
