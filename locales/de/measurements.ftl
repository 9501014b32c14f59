# Körpermaße: die Werte eines Tages, das Diagramm des Zeitraums, die Tage.

title-measurements = Körpermaße
measure-waist = Taille
measure-hips = Hüfte
measure-chest = Brust
measure-neck = Hals
measure-thigh = Oberschenkel
measure-arm = Oberarm
measure-body-fat = Körperfett
measure-field-length = { $name } ({ $unit })
measure-field-body-fat = Körperfett (%)
measure-record = Einen Tag erfassen
measure-day = Tag
measure-hint = Trag ein, was du gemessen hast; ein hier geleerter Wert wird an diesem Tag entfernt.
measure-save = Speichern
measure-saved = Gespeichert.
measure-lengths-heading = Umfänge
measure-body-fat-heading = Körperfett
measure-chart-lengths = Körpermaße in { $unit }
measure-chart-body-fat = Körperfett in Prozent
measure-none = In diesem Zeitraum gibt es noch keine Körpermaße.
measure-table = Die erfassten Tage
measure-table-caption = Körpermaße pro Tag, die neuesten zuerst
measure-delete-day = Die Körpermaße vom { $day } löschen
measure-history-link = Körpermaße
measure-back = Zurück zum Verlauf
