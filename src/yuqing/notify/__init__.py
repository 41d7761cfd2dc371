"""Pushes to where the editors read: WeCom, DingTalk and Feishu group bots, e-mail (docs/pushes.md).

Apprise does the talking to every platform. yuqing decides what to say and when: a daily
digest of new candidates above a score, an alert when a source has failed N collect runs in a
row, and a message when an issue is frozen (its DOCX and PDF attached to mail, linked from
chat). Each message waits in the store's outbox (store/outbox.py) and is delivered apart from
collection, per target, with a timeout, retried with back-off, its failures kept for the admin
page (web/views/notify.py) and `yuqing notify status`.

targets.py   the notify.targets setting: Apprise URLs, each for some kinds of message
send.py      one message to one target through Apprise, with its error when it fails
compose.py   the words of each kind of message, in Chinese
rules.py     when a digest or an alert is due
deliver.py   routing messages to targets, sending what is due, back-off, giving up
schedule.py  the background job of `yuqing serve`
"""
