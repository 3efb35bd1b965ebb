"""Class 3: convolution (kernel, padding, stride, output size), pooling, global average pooling, LeNet/VGG/ResNet."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, step, t

LESSONS = [Lesson(
    id="cnn", class_number=3,
    title=t("Redes convolucionales", "Convolutional networks"),
    summary=t("Filtros que se deslizan, el tamaño de su salida, pooling y las arquitecturas clásicas.",
              "Sliding filters, the size of their output, pooling and the classic architectures."),
    steps=(
        step(t("Tamaño de salida", "Output size"),
             t("En cada eje: **O = ⌊(W + 2P − F)/S⌋ + 1**.\n\n"
               "- W = 28, F = 5, P = 0, S = 1: (28 − 5)/1 + 1 = **24**\n"
               "- con P = 2: (28 + 4 − 5)/1 + 1 = **28** (el tamaño se conserva)\n"
               "- con F = 3, P = 1, S = 2: ⌊(28 + 2 − 3)/2⌋ + 1 = **14**\n\n"
               "Una Conv2d de 1 a 6 canales con F = 5 tiene 6·1·5·5 + 6 = **156** parámetros.",
               "On each axis: **O = ⌊(W + 2P − F)/S⌋ + 1**.\n\n"
               "- W = 28, F = 5, P = 0, S = 1: (28 − 5)/1 + 1 = **24**\n"
               "- with P = 2: (28 + 4 − 5)/1 + 1 = **28** (the size is kept)\n"
               "- with F = 3, P = 1, S = 2: ⌊(28 + 2 − 3)/2⌋ + 1 = **14**\n\n"
               "A Conv2d from 1 to 6 channels with F = 5 has 6·1·5·5 + 6 = **156** parameters."),
             explainer="conv_size",
             explainer_input={"height": 28, "width": 28, "in_channels": 1, "out_channels": 6, "kernel_size": 5,
                              "padding": 0, "stride": 1, "dilation": 1},
             try_this=(t("Pon stride 2 y padding 1 con kernel 3.", "Set stride 2 and padding 1 with kernel 3."),
                       t("Prueba dilation 2: el filtro de 3 cubre 5 píxeles.",
                         "Try dilation 2: a 3-tap filter spans 5 pixels.")),
             observe=t("El stride divide el tamaño; el padding lo recupera.",
                       "Stride divides the size; padding wins it back.")),
        step(t("LeNet-5", "LeNet-5"),
             t("Dos etapas convolución + submuestreo y tres capas densas: 28 → 28 → 14 → 10 → 5, "
               "luego 16·5·5 = 400 entradas a la primera capa densa. **61,706** parámetros.",
               "Two convolution + subsampling stages and three dense layers: 28 → 28 → 14 → 10 → 5, "
               "then 16·5·5 = 400 inputs to the first dense layer. **61,706** parameters."),
             preset=Preset(template="lenet5", training={"optimizer": "adam", "lr": 0.003, "batch_size": 32,
                                                        "epochs": 5}),
             views=("activations", "samples", "confusion"),
             try_this=(t("Entrena y abre los mapas de activación de c1.", "Train and open c1's feature maps."),),
             observe=t("Los primeros filtros responden a bordes y trazos; los de c3 a combinaciones de ellos.",
                       "The first filters respond to edges and strokes; c3's to combinations of them.")),
        step(t("Pooling y pooling global", "Pooling and global pooling"),
             t("Max-pooling 2×2 de [[1, 3], [2, 4]] da **4**; average-pooling, (1 + 3 + 2 + 4)/4 = **2.5**.\n\n"
               "El **pooling global promedio** reduce cada mapa C × H × W a un número por canal: un bloque "
               "ResNet termina en 16 números sea cual sea el tamaño de la imagen. El bloque ResNet suma su "
               "entrada a su salida (conexión residual); VGG apila convoluciones 3×3.",
               "2×2 max-pooling of [[1, 3], [2, 4]] gives **4**; average pooling, (1 + 3 + 2 + 4)/4 = **2.5**.\n\n"
               "**Global average pooling** reduces each C × H × W map to one number per channel: a ResNet block "
               "ends in 16 numbers whatever the image size. The ResNet block adds its input to its output (the "
               "residual connection); VGG stacks 3×3 convolutions."),
             preset=Preset(template="resnet_block", training={"optimizer": "adam", "lr": 0.003, "batch_size": 32,
                                                              "epochs": 5}),
             views=("activations", "samples", "inspector"),
             try_this=(t("Carga la plantilla VGG desde la galería y compara sus parámetros.",
                         "Load the VGG template from the gallery and compare their parameters."),),
             observe=t("El inspector muestra la aritmética de cada tamaño en el grafo.",
                       "The inspector shows the arithmetic of every size in the graph.")),
    ),
)]
