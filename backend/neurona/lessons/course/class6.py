"""Class 6: autoencoders (convolutional, denoising), variational autoencoders, class activation maps, bias."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, step, t

LESSONS = [Lesson(
    id="autoencoders", class_number=6,
    title=t("Autocodificadores y lo que mira una red", "Autoencoders and what a network looks at"),
    summary=t("Comprimir y reconstruir, el autocodificador variacional, mapas de activación de clase y sesgos.",
              "Compress and rebuild, the variational autoencoder, class activation maps and bias."),
    steps=(
        step(t("Autocodificador convolucional", "Convolutional autoencoder"),
             t("El codificador lleva 1×28×28 = 784 números a 16×7×7 = 784… y el cuello real es la capa más "
               "pequeña que elijas. La pérdida compara la salida con la propia entrada. Un autocodificador "
               "**de eliminación de ruido** recibe la imagen con ruido y debe devolver la limpia.",
               "The encoder takes 1×28×28 = 784 numbers to 16×7×7 = 784… and the real bottleneck is the "
               "smallest layer you choose. The loss compares the output with the input itself. A **denoising** "
               "autoencoder gets the noisy image and must return the clean one."),
             preset=Preset(template="conv_autoencoder", training={"optimizer": "adam", "lr": 0.003,
                                                                  "batch_size": 32, "epochs": 5}),
             views=("samples", "activations"),
             try_this=(t("Baja out_channels de e2 a 2 y mira la reconstrucción.",
                         "Lower e2's out_channels to 2 and look at the reconstruction."),),
             observe=t("Con un código más pequeño las reconstrucciones pierden detalle.",
                       "With a smaller code the reconstructions lose detail.")),
        step(t("Autocodificador variacional", "Variational autoencoder"),
             t("El codificador da μ y ln σ²; el truco de la reparametrización toma **z = μ + σ·ε**, ε ~ N(0, 1). "
               "Con μ = 0.5, ln σ² = −1.386 (σ = 0.5) y ε = 0.2: z = 0.5 + 0.5·0.2 = **0.6**. El término KL "
               "empuja cada código hacia N(0, 1).",
               "The encoder gives μ and ln σ²; the reparameterisation trick takes **z = μ + σ·ε**, ε ~ N(0, 1). "
               "With μ = 0.5, ln σ² = −1.386 (σ = 0.5) and ε = 0.2: z = 0.5 + 0.5·0.2 = **0.6**. The KL term "
               "pulls each code towards N(0, 1)."),
             preset=Preset(template="vae", training={"optimizer": "adam", "lr": 0.003, "epochs": 20}),
             views=("samples", "activations"),
             observe=t("Dos pasadas de la misma imagen dan códigos algo distintos: z es aleatorio.",
                       "Two passes of the same image give slightly different codes: z is random.")),
        step(t("Mapas de activación de clase", "Class activation maps"),
             t("Tras un pooling global promedio, la puntuación de la clase c es Σ_k w_ck·media(A_k). "
               "El **CAM** reparte esa suma por el espacio: CAM_c(x, y) = Σ_k w_ck·A_k(x, y). Con dos mapas "
               "y w = (2, −1), un píxel con A = (0.5, 0.2) aporta 2·0.5 − 0.2 = **0.8**.",
               "After global average pooling, class c's score is Σ_k w_ck·mean(A_k). The **CAM** spreads that "
               "sum over space: CAM_c(x, y) = Σ_k w_ck·A_k(x, y). With two maps and w = (2, −1), a pixel with "
               "A = (0.5, 0.2) contributes 2·0.5 − 0.2 = **0.8**."),
             preset=Preset(template="resnet_block", training={"optimizer": "adam", "lr": 0.003, "batch_size": 32,
                                                              "epochs": 5}),
             views=("activations", "samples"),
             observe=t("Los mapas de r2 se encienden sobre la forma, no sobre el fondo.",
                       "r2's maps light up on the shape, not on the background.")),
        step(t("Sesgos en los modelos", "Bias in models"),
             t("Un modelo aprende lo que hay en sus datos, también lo que no queremos: si casi todos los "
               "ejemplos de una clase tienen un fondo claro, el fondo se vuelve la pista. Con 90 % de una clase, "
               "decir siempre esa clase ya da **90 %** de exactitud. Mira la matriz de confusión por clase, no "
               "solo la exactitud.",
               "A model learns what its data holds, including what we do not want: if nearly every example of a "
               "class has a light background, the background becomes the cue. With 90 % of one class, always "
               "answering that class already scores **90 %** accuracy. Look at the per-class confusion matrix, "
               "not only the accuracy."),
             views=("confusion",),
             observe=t("Aún no hay un dataset sesgado a propósito: el paso se explica en la pizarra.",
                       "There is no deliberately biased dataset yet: this step is explained at the board.")),
    ),
)]
