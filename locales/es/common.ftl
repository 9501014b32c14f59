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

# Names of the days (Monday first) and months, for the date patterns' %A %a %B %b.
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo
weekday-short-1 = lun
weekday-short-2 = mar
weekday-short-3 = mié
weekday-short-4 = jue
weekday-short-5 = vie
weekday-short-6 = sáb
weekday-short-7 = dom
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sep
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic
