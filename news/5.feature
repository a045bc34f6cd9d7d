Onboarding (Anbindung): information page, easyform interest form, OnboardingRequest workflow
(AVV sent/signed, access granted with a set-password link, active on first login, withdraw at
any open step), function gating by state participation, grant and centre switch (also in the
centre JSON), retention purge (`POST @purge-onboarding-requests` for cron), German handbooks
with screenshots as HTML and PDF in a filterable download area.
