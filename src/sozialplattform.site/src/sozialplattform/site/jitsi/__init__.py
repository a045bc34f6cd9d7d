"""Video counselling through Jitsi Meet: settings, rooms, signed tokens, the room page.

An integration of its own (it could be lifted out as an add-on): it knows nothing of
bookings or conversations. What has a video room adapts to ``interfaces.IVideoRoom``;
who admits a visitor by a secret token registers an ``interfaces.IVideoRoomLookup``
utility. The booking does both (``booking/video.py``), the written counselling will.
"""
