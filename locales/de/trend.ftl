# Der Gewichtstrend, die Schätzung des Energieverbrauchs und Ziele nach
# Wochentag (body.md §1–§3).

# Prüfmeldungen (sie folgen dem Namen des Feldes, kleingeschrieben).
weekday-unknown = ist kein Wochentag: einer von { $allowed }
expenditure-needs-logged-days = braucht mindestens { $min } erfasste Tage, { $found } gefunden
expenditure-needs-weights = braucht Gewichte an mindestens 2 Tagen, mindestens { $apart } Tage auseinander, { $found } gefunden
expenditure-needs-weight-span = braucht Gewichte mindestens { $apart } Tage auseinander, das erste und letzte liegen { $days } Tage auseinander
rate-needs-expenditure = gehört zu from=expenditure

# Verlauf.
history-average-goal = Ziel im Schnitt
history-legend-weighed = gewogen
history-legend-trend = Trend
history-trend-now = Trendgewicht
history-trend-unit = Trendgewicht ({ $unit })
chart-trend = Trendgewicht, jetzt { $weight }

# Die Schätzung des Energieverbrauchs.
expenditure-heading = Energieverbrauch
expenditure-estimate = Geschätzter Verbrauch
expenditure-confidence-low = geringe Sicherheit
expenditure-confidence-medium = mittlere Sicherheit
expenditure-confidence-high = hohe Sicherheit
expenditure-basis = Die Daten dahinter
expenditure-window = Zeitraum
expenditure-window-value = { $from } bis { $to }
expenditure-logged-days = Erfasste Tage
expenditure-logged-days-value = { $logged } von { $days }
expenditure-intake-mean = Im Schnitt gegessen an diesen Tagen
expenditure-trend-change = Trendgewicht
expenditure-trend-change-value = { $start } am { $first } bis { $end } am { $last } ({ $days } Tage)
expenditure-weight-days = Gewogene Tage
expenditure-method = Was du an den erfassten Tagen der letzten 28 Tage gegessen hast, abzüglich dessen, wofür die Änderung deines Trendgewichts steht ({ $energy } je { $unit }).
expenditure-to-goals = Ziele daraus
expenditure-not-yet = Noch zu wenige Daten für eine Schätzung:

# Ziele.
goals-week-heading = Deine Woche
goals-week-caption = Die Ziele an jedem Tag der Woche und das Wochenbudget
goals-weekday = Tag
goals-week-total = Woche
goals-week-explained = Das Wochenbudget ist die Summe der Ziele der sieben Tage.
goals-weekdays-heading = Ziele nach Wochentag
goals-weekdays-explained = Ein leeres Feld behält an diesem Tag das Tagesziel.
goals-weekdays-save = Wochentagsziele speichern
goals-from-expenditure = Vorschlag aus deinem Verbrauch
goals-rate = Ziel
goals-rate-lose = { $amount } pro Woche abnehmen
goals-rate-gain = { $amount } pro Woche zunehmen
goals-rate-keep = Gewicht halten
goals-rate-show = Zeigen
goals-floored = Angehoben auf die geringste tägliche Zufuhr, die ohne ärztliche Begleitung empfohlen wird.
goals-expenditure-method = Der geschätzte Verbrauch plus die wöchentliche Änderung zu { $energy } je { $unit }, auf 7 Tage verteilt; 25 % Eiweiß, 30 % Fett, 45 % Kohlenhydrate.
