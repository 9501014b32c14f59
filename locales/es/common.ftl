# La plantilla de cada página y palabras que comparten muchas páginas.

skip-to-content = Ir al contenido
nav-label = Principal
nav-today = Hoy
nav-diary = Diario
nav-history = Historial
nav-goals = Objetivos
nav-settings = Ajustes
signed-in-as = Sesión iniciada como { $name }
log-out = Cerrar sesión
footer-your-data = tus datos se quedan en este servidor

title-today = Hoy
title-diary = Diario · { $date }
title-history = Historial
title-goals = Objetivos
title-settings = Ajustes
title-edit-entry = Editar entrada
title-edit-activity = Editar actividad
title-login = Iniciar sesión
title-register = Crear una cuenta

meal-breakfast = Desayuno
meal-lunch = Almuerzo
meal-dinner = Cena
meal-snack = Tentempiés

date-long = %A, %-d de %B de %Y
date-short = %-d %b
date-day = %a %-d %b

manifest-description = Anota lo que comes y la actividad que haces, y mira cómo vas.
