Centres have their own privacy notice link (`privacy_url`): the booking form and the booking mails link it, the platform's privacy policy otherwise.
