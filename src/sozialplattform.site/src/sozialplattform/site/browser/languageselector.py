"""The language switch keeps the page and its query (the finder's search).

Plone's selector links to the context's view URL, which drops a view such as
``@@finder`` and its query string: after switching, a person had to search again.
"""

from plone.app.i18n.locales.browser.selector import LanguageSelector
from urllib.parse import parse_qsl
from urllib.parse import urlencode


class QueryKeepingLanguageSelector(LanguageSelector):
    def switch_url(self, code: str) -> str:
        """This page with its own query and ``set_language`` (the template escapes)."""
        query = [
            (name, value)
            for name, value in parse_qsl(
                self.request.get("QUERY_STRING", ""), keep_blank_values=True
            )
            if name != "set_language"
        ]
        query.append(("set_language", code))
        return f"{self.request['ACTUAL_URL']}?{urlencode(query)}"
