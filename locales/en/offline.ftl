# Off line (everywhere.md §3): the banner of every page, the diary's
# entries kept in the browser, and the page the service worker shows for a
# page it does not keep.

offline-banner = You are off line. What you add to the diary is kept on this device and sent when the network returns.
offline-waiting = Waiting to be sent
offline-saved = Sent: what you added off line is saved.
# Followed by the entry's name and why the server refused it.
offline-refused = Not saved:

offline-page-title = Off line
offline-page-heading = You are off line
offline-page-text = This page needs the network. The diary opens off line once you have opened it on line on this device.
offline-page-diary = Open the diary
