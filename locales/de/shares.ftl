# The report a share link opens, and the settings section that makes links.
# $name is the link's name, as its owner typed it.
shared-title = Bericht: { $name }
shared-range = Vom { $from } bis { $to }
shared-read-only = Ein schreibgeschützter Bericht, von seinem Besitzer geteilt. Drucke ihn oder speichere ihn im Browser als PDF.
shared-summary = Übersicht
shared-logged-days = Erfasste Tage
shared-nutrients = Nährstoffe (Mittel je erfasstem Tag)
shared-no-nutrients = Keine Nährstoffangaben in diesem Zeitraum.
shared-no-weights = Kein Gewicht in diesem Zeitraum.
shared-nothing-logged = An diesem Tag nichts erfasst.
shared-food = Lebensmittel
shared-grams = Gramm
shares-heading = Freigabelinks
shares-intro = Ein Freigabelink öffnet einen schreibgeschützten Bericht deines Tagebuchs ohne Anmeldung, für einen Coach oder eine Ärztin. Wer den Link hat, kann ihn lesen, bis du ihn widerrufst.
shares-none = Noch keine Freigabelinks.
shares-name = Name
shares-name-prefix = Der Name{" "}
shares-from = Von
shares-to = Bis
shares-date-prefix = Das Datum{" "}
shares-create = Link anlegen
shares-created = Freigabelink „{ $name }“ angelegt. Kopiere ihn jetzt: er wird nicht wieder angezeigt.
shares-revoke = Widerrufen
shares-revoke-named = Den Freigabelink { $name } widerrufen
shares-whole = die letzten 30 Tage
shares-revoked = Freigabelink widerrufen: seine Seite ist weg.
