Video counselling through Jitsi Meet (issue 13): video appointments get an unguessable
room; `@jitsi-token` signs HS256 tokens for the appointment's window (staff as
moderators, recording/streaming/transcription off); the room page `@@video` explains
what is needed, checks microphone and camera in the browser and loads Jitsi only after
"Beitreten"; the booker's mails and manage page and the staff's list, week and booking
page link it; control panel "Video-Beratung" with the secret only from the environment;
operators' guide `docs/operators/jitsi.md`.
