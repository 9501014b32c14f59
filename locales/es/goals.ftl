# Objetivos: el formulario de objetivos diarios y la sugerencia a partir del perfil.

goals-saved = Objetivos guardados.
goals-daily = Objetivos diarios
goals-field-calories = Calorías ({ $unit })
goals-field-protein = Proteínas (g)
goals-field-fat = Grasas (g)
goals-field-carbs = Hidratos (g)
goals-field-water = Agua (ml)
goals-save = Guardar objetivos
goals-suggested = Sugerencia a partir de tu perfil
goals-calories = Calorías
goals-protein = Proteínas
goals-fat = Grasas
goals-carbs = Hidratos de carbono
goals-resting-rate = A partir de un metabolismo basal de
goals-resting-value = { $energy } × { $factor }
goals-method = Metabolismo basal de Mifflin–St Jeor × factor de actividad; 25 % proteínas, 30 % grasas, 45 % hidratos de carbono.
goals-use = Usar estos objetivos
goals-missing = Para obtener una sugerencia, añade a tu { $profile }: { $fields }.
goals-profile-link = perfil
goals-needs-sex = sexo
goals-needs-birth-date = fecha de nacimiento
goals-needs-height = altura
goals-needs-weight = peso
goals-needs-activity-level = nivel de actividad
