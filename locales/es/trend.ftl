# La tendencia del peso, la estimación del gasto y los objetivos por día de
# la semana (body.md §1–§3).

# Mensajes de validación (siguen al nombre del campo, en minúscula).
weekday-unknown = no es un día de la semana: usa uno de { $allowed }
expenditure-needs-logged-days = necesita al menos { $min } días registrados, hay { $found }
expenditure-needs-weights = necesita pesos en al menos 2 días separados por al menos { $apart } días, hay { $found }
expenditure-needs-weight-span = necesita pesos separados por al menos { $apart } días, el primero y el último están a { $days } días
rate-needs-expenditure = va con from=expenditure

# Historial.
history-average-goal = Objetivo medio
history-legend-weighed = pesado
history-legend-trend = tendencia
history-trend-now = Peso de tendencia
history-trend-unit = Tendencia ({ $unit })
chart-trend = Peso de tendencia, ahora { $weight }

# La estimación del gasto.
expenditure-heading = Gasto energético
expenditure-estimate = Gasto estimado
expenditure-confidence-low = confianza baja
expenditure-confidence-medium = confianza media
expenditure-confidence-high = confianza alta
expenditure-basis = Los datos en que se basa
expenditure-window = Periodo
expenditure-window-value = del { $from } al { $to }
expenditure-logged-days = Días registrados
expenditure-logged-days-value = { $logged } de { $days }
expenditure-intake-mean = Media comida esos días
expenditure-trend-change = Peso de tendencia
expenditure-trend-change-value = { $start } el { $first } a { $end } el { $last } ({ $days } días)
expenditure-weight-days = Días pesados
expenditure-method = Lo que comiste los días registrados de los últimos 28 días, menos lo que supone el cambio de tu peso de tendencia ({ $energy } por { $unit }).
expenditure-to-goals = Objetivos a partir de él
expenditure-not-yet = Aún no hay datos suficientes para una estimación:

# Objetivos.
goals-week-heading = Tu semana
goals-week-caption = Los objetivos de cada día de la semana y el presupuesto semanal
goals-weekday = Día
goals-week-total = Semana
goals-week-explained = El presupuesto semanal es la suma de los objetivos de los siete días.
goals-weekdays-heading = Objetivos por día de la semana
goals-weekdays-explained = Un campo vacío mantiene el objetivo diario ese día.
goals-weekdays-save = Guardar objetivos por día
goals-from-expenditure = Sugeridos a partir de tu gasto
goals-rate = Meta
goals-rate-lose = perder { $amount } por semana
goals-rate-gain = ganar { $amount } por semana
goals-rate-keep = mantener mi peso
goals-rate-show = Mostrar
goals-floored = Subido a la ingesta diaria mínima aconsejada sin supervisión médica.
goals-expenditure-method = El gasto estimado más el cambio semanal a { $energy } por { $unit }, repartido en 7 días; 25 % proteína, 30 % grasa, 45 % hidratos de carbono.
