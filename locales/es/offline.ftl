# Sin conexión (everywhere.md §3): el aviso de cada página, las entradas del
# diario guardadas en el navegador y la página que el service worker muestra
# en lugar de una página que no guarda.

offline-banner = Estás sin conexión. Lo que añadas al diario se guarda en este dispositivo y se enviará cuando vuelva la red.
offline-waiting = Pendiente de envío
offline-saved = Enviado: lo que añadiste sin conexión ya está guardado.
# Seguido del nombre de la entrada y del motivo por el que el servidor la rechazó.
offline-refused = No se ha guardado:

offline-page-title = Sin conexión
offline-page-heading = Estás sin conexión
offline-page-text = Esta página necesita la red. El diario se abre sin conexión en cuanto lo hayas abierto una vez con conexión en este dispositivo.
offline-page-diary = Abrir el diario
