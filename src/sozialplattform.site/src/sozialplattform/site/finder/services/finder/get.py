"""GET /Plone/@finder."""

from plone.restapi.services import Service
from sozialplattform.site.finder.api import run
from sozialplattform.site.finder.query import FinderParameterError
from zope.i18n import translate


class FinderGet(Service):
    def reply(self):
        try:
            _query, answer = run(self.context, self.request)
        except FinderParameterError as error:
            self.request.response.setStatus(400)
            message = translate(error.message, context=self.request)
            body = {
                "error": {
                    "type": "BadRequest",
                    "message": f"{error.parameter}: {message}",
                    "parameter": error.parameter,
                }
            }
            if error.candidates:
                body["error"]["candidates"] = error.candidates
            if error.suggestions:
                body["error"]["suggestions"] = error.suggestions
            return body
        return answer
