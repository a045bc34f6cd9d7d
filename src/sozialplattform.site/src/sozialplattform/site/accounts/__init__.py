"""Accounts: who may change an e-mail address, unique addresses, reset links and answers.

- Members cannot change their own e-mail address (REST ``PATCH @users/<id>``, Classic UI
  ``@@personal-information``): an address is what onboarding trusts, so only the site
  administrators (Manage users) change it, in ``@@user-information`` or by REST.
- No two accounts share an e-mail address (create and update, REST and forms).
- A user name that looks like an e-mail address is the account's own address
  (onboarding finds an applicant's account by login name); self-registration stays off.
- User data are one-line strings where Plone stores a string (full names reach mails),
  checked in ``@users`` and the account forms; a body or password of another JSON type
  is a 400 naming the field.
- Plone's password-reset and registration mails link to the configured public site URL
  (``sozialplattform.site.site_url``), not to the request's host.
- Asking for a password reset answers the same for known and unknown accounts.
- The set-password page of the access and reset mails (``passwordreset.py``): the login
  filled in from the link, field errors, logged in on the own centre afterwards, a plain
  page with a new-link offer for a used or expired link.
"""
