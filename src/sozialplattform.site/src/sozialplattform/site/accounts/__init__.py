"""Accounts: who may change an e-mail address, unique addresses, reset links and answers.

- Members cannot change their own e-mail address (REST ``PATCH @users/<id>``, Classic UI
  ``@@personal-information``): an address is what onboarding trusts, so only the site
  administrators (Manage users) change it, in ``@@user-information`` or by REST.
- No two accounts share an e-mail address (create and update, REST and forms).
- Plone's password-reset and registration mails link to the configured public site URL
  (``sozialplattform.site.site_url``), not to the request's host.
- Asking for a password reset answers the same for known and unknown accounts.
"""
