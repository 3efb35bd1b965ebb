"""Class 4: training deep networks: activations, vanishing gradients, initialisation, batch norm, dropout,
optimizers and momentum, schedules, early stopping, regularisation and transfer learning."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, chain, dataset, layer, step, t


def _deep(activation: str, init: str = "default") -> Preset:
    hidden = [item for _ in range(6) for item in (layer("Linear", out_features=16), layer(activation))]
    return Preset(graph=chain(*hidden, layer("Linear", out_features=2)), dataset=dataset("circle"),
                  training={"optimizer": "sgd", "lr": 0.1, "epochs": 40, "init": {"scheme": init}})


SPIRAL_MLP = Preset(template="mlp", dataset=dataset("spiral", noise=10),
                    training={"optimizer": "momentum", "lr": 0.03, "batch_size": 16, "epochs": 200})

LESSONS = [Lesson(
    id="training-deep", class_number=4,
    title=t("Entrenar redes profundas", "Training deep networks"),
    summary=t("Gradientes que se desvanecen, inicialización, batch norm y dropout.",
              "Vanishing gradients, initialisation, batch norm and dropout."),
    steps=(
        step(t("Gradientes que se desvanecen", "Vanishing gradients"),
             t("La derivada de la sigmoide es como mucho 0.25. Tras seis capas sigmoides el gradiente se "
               "multiplica por a lo sumo 0.25⁶ ≈ **0.00024**: las primeras capas casi no aprenden. "
               "La derivada de ReLU es 1 donde está activa.",
               "The sigmoid's derivative is at most 0.25. Through six sigmoid layers the gradient is multiplied "
               "by at most 0.25⁶ ≈ **0.00024**: the first layers barely learn. ReLU's derivative is 1 where it "
               "is active."),
             preset=_deep("Sigmoid"), views=("weights", "norms", "loss"),
             try_this=(t("Cambia todas las sigmoides por ReLU y repite.", "Swap every sigmoid for ReLU and "
                         "run again."),),
             observe=t("Con sigmoides las normas de gradiente de l1 son cientos de veces menores que las de la "
                       "última capa.",
                       "With sigmoids the gradient norms of l1 are hundreds of times smaller than the last "
                       "layer's.")),
        step(t("Inicialización: Xavier y He", "Initialisation: Xavier and He"),
             t("Xavier: Var(w) = 2/(n_in + n_out); He: Var(w) = 2/n_in. Para 16 → 16, He da "
               "σ = √(2/16) = **0.354** y Xavier √(2/32) = **0.25**. Así la varianza de las activaciones no "
               "crece ni se apaga capa a capa.",
               "Xavier: Var(w) = 2/(n_in + n_out); He: Var(w) = 2/n_in. For 16 → 16, He gives "
               "σ = √(2/16) = **0.354** and Xavier √(2/32) = **0.25**. That keeps the activations' variance "
               "from growing or dying out layer after layer."),
             preset=_deep("ReLU", "kaiming_normal"), views=("activations", "weights"),
             try_this=(t("Cambia la inicialización a 'zeros' en el panel de entrenamiento.",
                         "Switch the initialisation to 'zeros' in the training panel."),),
             observe=t("Con ceros todas las neuronas son iguales y siguen iguales: no aprende.",
                       "With zeros every unit is the same and stays the same: it does not learn.")),
        step(t("Batch norm: entrenamiento frente a test", "Batch norm: training versus test"),
             t("En entrenamiento normaliza con la media y varianza **del lote**; guarda medias móviles "
               "μ ← 0.9·μ + 0.1·μ_lote. Lote (1, 2, 3, 6): μ = 3, σ² = 3.5; la media móvil pasa de 0 a **0.3**. "
               "En test usa las móviles, así que una predicción no depende del resto del lote.",
               "In training it normalises with the **batch's** mean and variance and keeps running averages "
               "μ ← 0.9·μ + 0.1·μ_batch. Batch (1, 2, 3, 6): μ = 3, σ² = 3.5; the running mean goes from 0 to "
               "**0.3**. At test time it uses the running ones, so a prediction does not depend on the rest of "
               "the batch."),
             explainer="batch_norm", preset=Preset(template="vgg_block"), views=("activations",),
             try_this=(t("Pon momentum 1: la media móvil olvida todo menos el último lote.",
                         "Set momentum 1: the running mean forgets all but the last batch."),),
             observe=t("La varianza móvil usa n − 1 (sin sesgo); la del lote, n.",
                       "The running variance uses n − 1 (unbiased); the batch's, n.")),
        step(t("Dropout", "Dropout"),
             t("En entrenamiento cada activación se apaga con probabilidad p y las demás se multiplican por "
               "1/(1 − p): con p = 0.5, un 4 superviviente vale **8**. Así el valor esperado no cambia y en "
               "test la capa no hace nada.\n\n"
               "**Dropout de Monte Carlo**: dejar el dropout activo en test y promediar muchas pasadas; su "
               "dispersión estima la incertidumbre. El explicador lo muestra con `repeats`; el entrenamiento "
               "aún no ofrece predicciones MC.",
               "In training each activation is zeroed with probability p and the rest are multiplied by "
               "1/(1 − p): with p = 0.5 a surviving 4 becomes **8**. The expected value is unchanged and at "
               "test time the layer does nothing.\n\n"
               "**Monte-Carlo dropout**: keep dropout on at test time and average many passes; their spread "
               "estimates the uncertainty. The explainer shows it with `repeats`; training does not offer MC "
               "predictions yet."),
             explainer="dropout",
             try_this=(t("Sube repeats a 5000 y compara la media con la entrada.",
                         "Raise repeats to 5000 and compare the mean with the input."),),
             observe=t("La media de muchas pasadas se acerca a la entrada; la dispersión crece con p.",
                       "The mean of many passes approaches the input; the spread grows with p.")),
    ),
), Lesson(
    id="optimization", class_number=4,
    title=t("Optimizadores y regularización", "Optimizers and regularisation"),
    summary=t("Momento, Adam, calendarios de tasa, parada temprana, L2 y transferencia.",
              "Momentum, Adam, learning-rate schedules, early stopping, L2 and transfer learning."),
    steps=(
        step(t("Momento", "Momentum"),
             t("El momento acumula velocidad: **v ← βv + g, w ← w − ηv**. Con β = 0.9 y un gradiente "
               "constante g = 1, v vale 1, 1.9, 2.71… y tiende a 1/(1 − β) = **10**: pasos diez veces más "
               "largos en las direcciones estables.",
               "Momentum builds up speed: **v ← βv + g, w ← w − ηv**. With β = 0.9 and a constant gradient "
               "g = 1, v is 1, 1.9, 2.71… and tends to 1/(1 − β) = **10**: steps ten times longer along steady "
               "directions."),
             preset=SPIRAL_MLP, views=("loss", "boundary"),
             try_this=(t("Compara sgd, momentum y adam con la misma semilla.",
                         "Compare sgd, momentum and adam with the same seed."),),
             observe=t("Con momento la pérdida baja antes, pero puede pasarse y oscilar.",
                       "With momentum the loss falls sooner, but it can overshoot and oscillate.")),
        step(t("Calendarios y parada temprana", "Schedules and early stopping"),
             t("Un calendario coseno baja la tasa de η a 0 en T pasos: η_t = η·(1 + cos(πt/T))/2; a mitad, "
               "**η/2**. La parada temprana aparta un 20 % para validar y se detiene tras `patience` épocas "
               "sin mejorar, quedándose con los mejores pesos.",
               "A cosine schedule lowers the rate from η to 0 over T steps: η_t = η·(1 + cos(πt/T))/2; half-way, "
               "**η/2**. Early stopping holds out 20 % to validate and stops after `patience` epochs without "
               "improving, keeping the best weights."),
             preset=Preset(template="mlp", dataset=dataset("spiral", noise=10),
                           training={"optimizer": "adam", "lr": 0.01, "schedule": "cosine", "epochs": 200,
                                     "validation_ratio": 0.2, "patience": 20}),
             views=("loss", "training"),
             try_this=(t("Mira la curva de la tasa en el panel de entrenamiento.",
                         "Look at the rate's curve in the training panel."),),
             observe=t("La pérdida de validación deja de bajar antes que la de entrenamiento.",
                       "The validation loss stops falling before the training loss does.")),
        step(t("Regularización y transferencia", "Regularisation and transfer"),
             t("L2 suma λ·Σw² a la pérdida: con λ = 0.01 y w = (3, 4), la penalización es 0.01·25 = **0.25** y "
               "cada paso encoge w. **Transferencia**: empezar desde los pesos de otro experimento "
               "(`init_from`), congelar las primeras capas (`frozen`) y afinar el resto con una tasa menor.",
               "L2 adds λ·Σw² to the loss: with λ = 0.01 and w = (3, 4) the penalty is 0.01·25 = **0.25** and "
               "every step shrinks w. **Transfer**: start from another experiment's weights (`init_from`), "
               "freeze the first layers (`frozen`) and fine-tune the rest with a smaller rate."),
             preset=Preset(template="mlp", dataset=dataset("spiral", noise=20),
                           training={"optimizer": "adam", "lr": 0.01, "l2": 0.01, "epochs": 150}),
             views=("boundary", "weights", "training"),
             try_this=(t("Pon l2 a 0 y compara la frontera con datos ruidosos.",
                         "Set l2 to 0 and compare the boundary on noisy data."),),
             observe=t("Sin L2 la frontera se retuerce para rodear el ruido.",
                       "Without L2 the boundary twists around the noise.")),
    ),
)]
