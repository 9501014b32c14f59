# Historial: los últimos 7, 30 o 90 días; y sus gráficos (chart-).

history-period = Periodo
history-days = { $days ->
    [one] { $days } día
   *[other] { $days } días
}
history-days-logged = Días con registros: { $logged } de { $days }
history-average-eaten = Media consumida
history-average-net = Media neta
history-goal = Objetivo
history-calories-heading = Calorías frente al objetivo
history-legend-eaten = consumidas
history-legend-over = por encima del objetivo
history-legend-goal = objetivo
history-macros-heading = Macronutrientes
history-legend-protein = proteínas
history-legend-fat = grasas
history-legend-carbs = hidratos de carbono
history-legend-goals-total = suma de los objetivos (g)
history-weight-heading = Peso corporal
history-no-weight = No hay ningún peso en este periodo. Anótalo en { $profile }.
history-your-profile = tu perfil
history-table = Las cifras, día a día
history-table-caption = Calorías, quemadas, netas y macronutrientes por día, del más reciente al más antiguo
history-day = Día
history-eaten-unit = Consumido ({ $unit })
history-burned = Quemado
history-net = Neto
history-protein-g = Proteínas (g)
history-fat-g = Grasas (g)
history-carbs-g = Hidratos (g)
history-weight-caption = Peso corporal
history-weight-unit = Peso ({ $unit })

chart-calories = Calorías consumidas por día frente al objetivo de { $goal }
chart-day-energy = { $day }: { $energy }
chart-goal = objetivo { $goal }
chart-macros = Proteínas, grasas e hidratos de carbono consumidos por día, en gramos
chart-day-nutrient = { $day }: { $grams } g de { $nutrient ->
    [protein] proteínas
    [fat] grasas
   *[carbs] hidratos de carbono
}
chart-weight = Peso corporal en el periodo, en { $unit ->
    [lb] libras
   *[kg] kilogramos
}
chart-day-weight = { $day }: { $weight }
