# Offline (everywhere.md §3): der Hinweis auf jeder Seite, die im Browser
# aufbewahrten Tagebucheinträge und die Seite, die der Service Worker statt
# einer Seite zeigt, die er nicht aufbewahrt.

offline-banner = Du bist offline. Was du ins Tagebuch einträgst, bleibt auf diesem Gerät und wird gesendet, sobald das Netz wieder da ist.
offline-waiting = Wartet auf das Senden
offline-saved = Gesendet: Was du offline eingetragen hast, ist gespeichert.
# Danach folgen der Name des Eintrags und der Grund, aus dem der Server ihn abgelehnt hat.
offline-refused = Nicht gespeichert:

offline-page-title = Offline
offline-page-heading = Du bist offline
offline-page-text = Diese Seite braucht das Netz. Das Tagebuch öffnet sich offline, sobald du es einmal online auf diesem Gerät geöffnet hast.
offline-page-diary = Tagebuch öffnen
