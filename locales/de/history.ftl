# Verlauf: die letzten 7, 30 oder 90 Tage; und seine Diagramme (chart-).

history-period = Zeitraum
history-days = { $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
}
history-days-logged = Erfasste Tage: { $logged } von { $days }
history-average-eaten = Im Schnitt gegessen
history-average-net = Im Schnitt netto
history-goal = Ziel
history-calories-heading = Kalorien im Vergleich zum Ziel
history-legend-eaten = gegessen
history-legend-over = über dem Ziel
history-legend-goal = Ziel
history-macros-heading = Makronährstoffe
history-legend-protein = Eiweiß
history-legend-fat = Fett
history-legend-carbs = Kohlenhydrate
history-legend-goals-total = Summe der Ziele (g)
history-weight-heading = Körpergewicht
history-no-weight = In diesem Zeitraum ist kein Gewicht eingetragen. Trag es in { $profile } ein.
history-your-profile = deinem Profil
history-table = Die Zahlen, Tag für Tag
history-table-caption = Kalorien, verbrannt, netto und Makronährstoffe pro Tag, neueste zuerst
history-day = Tag
history-eaten-unit = Gegessen ({ $unit })
history-burned = Verbrannt
history-net = Netto
history-protein-g = Eiweiß (g)
history-fat-g = Fett (g)
history-carbs-g = Kohlenhydrate (g)
history-weight-caption = Körpergewicht
history-weight-unit = Gewicht ({ $unit })

chart-calories = Gegessene Kalorien pro Tag im Vergleich zum Ziel von { $goal }
chart-day-energy = { $day }: { $energy }
chart-goal = Ziel { $goal }
chart-macros = Eiweiß, Fett und Kohlenhydrate pro Tag, in Gramm
chart-day-nutrient = { $day }: { $grams } g { $nutrient ->
    [protein] Eiweiß
    [fat] Fett
   *[carbs] Kohlenhydrate
}
chart-weight = Körpergewicht im Zeitraum, in { $unit ->
    [lb] Pfund
   *[kg] Kilogramm
}
chart-day-weight = { $day }: { $weight }
