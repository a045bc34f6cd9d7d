Written online counselling, end-to-end encrypted (issue 14), the server side: each
centre's private folder `beratung` (workflow `conversation_folder_workflow`, permissions
"Read conversations" and "Manage counselling settings" for the `CentreCounsellor` role)
holds conversations that keep only ciphertext, envelopes and minimal metadata; REST
services for seekers by token (start, read with the `since` cursor, write, attachments,
close, delete) and counsellors by login (inbox, read, reply, take and hand over, close,
ad-hoc video through `@jitsi-token`, keys and re-wrapped envelopes), every object checked
with `wire.check_*`, 30 messages a minute per participant; notice mails without content;
revoking the role removes envelopes and keys; closed conversations deleted after 30 days,
inactive ones after 180 (control panel "Online-Beratung", `make purge`); documented in
`docs/api/counselling.md` and `openapi.yaml`; `make bench` measures `@messages` polling.
