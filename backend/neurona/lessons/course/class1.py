"""Class 1: the perceptron, its activations, the loss and gradient descent."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, chain, dataset, layer, step, t

GAUSSIAN = dataset("gaussian")


def _neuron(activation: str, **params: object) -> Preset:
    return Preset(graph=chain(layer("Linear", out_features=1), layer(activation, **params)), dataset=GAUSSIAN,
                  training={"optimizer": "sgd", "lr": 0.03, "batch_size": 10, "epochs": 30})


LESSONS = [Lesson(
    id="perceptron", class_number=1,
    title=t("El perceptrón", "The perceptron"),
    summary=t("Una neurona: suma ponderada, activación, pérdida y descenso por gradiente.",
              "One neuron: weighted sum, activation, loss and gradient descent."),
    steps=(
        step(t("Una neurona", "One neuron"),
             t("Un perceptrón calcula **z = w·x + b** y devuelve su signo.\n\n"
               "Con w = (0.5, −1), b = 0.2 y x = (2, 1): z = 0.5·2 − 1·1 + 0.2 = **0.2**, así que sign(z) = **+1**.\n\n"
               "Los puntos con z = 0 forman una recta: la frontera de decisión.",
               "A perceptron computes **z = w·x + b** and outputs its sign.\n\n"
               "With w = (0.5, −1), b = 0.2 and x = (2, 1): z = 0.5·2 − 1·1 + 0.2 = **0.2**, so sign(z) = **+1**.\n\n"
               "The points where z = 0 form a line: the decision boundary."),
             preset=Preset(template="perceptron"), views=("boundary", "loss"),
             try_this=(t("Pulsa ▶ y mira cómo gira la recta.", "Press ▶ and watch the line turn."),
                       t("Sube el ruido del dataset a 40.", "Raise the dataset's noise to 40.")),
             observe=t("Con dos manchas separables basta una recta; con ruido alto ninguna recta acierta todo.",
                       "Two separable blobs need only a line; with high noise no line gets every point right.")),
        step(t("Signo, signo lineal y sigmoide", "Sign, sign-linear and sigmoid"),
             t("El signo salta de −1 a +1. El **signo lineal** sube con pendiente hasta saturar en ±1. "
               "La **sigmoide** σ(z) = 1/(1 + e^(−z)) es suave: σ(0.2) = 1/(1 + 0.819) = **0.550**, "
               "y su derivada σ(z)(1 − σ(z)) vale como mucho 0.25.",
               "The sign jumps from −1 to +1. The **sign-linear** unit rises with a slope until it saturates at ±1. "
               "The **sigmoid** σ(z) = 1/(1 + e^(−z)) is smooth: σ(0.2) = 1/(1 + 0.819) = **0.550**, and its "
               "derivative σ(z)(1 − σ(z)) is at most 0.25."),
             preset=_neuron("Sigmoid"), views=("boundary", "activations"),
             try_this=(t("Cambia la sigmoide por SignLinear en el inspector.",
                         "Swap the sigmoid for SignLinear in the inspector."),),
             observe=t("La frontera es la misma recta; cambia lo seguro que está el modelo cerca de ella.",
                       "The boundary is the same line; what changes is how sure the model is near it.")),
        step(t("Pérdida y descenso por gradiente", "Loss and gradient descent"),
             t("La pérdida mide el error; el gradiente dice hacia dónde crece. Un paso: **w ← w − η·∂L/∂w**.\n\n"
               "Con L = (w·x − y)², x = 2, y = 1 y w = 0: ŷ = 0, ∂L/∂w = 2(ŷ − y)·x = **−4**. "
               "Con η = 0.1, w pasa a 0 + 0.4 = **0.4**; ahora ŷ = 0.8 y L baja de 1 a **0.04**.",
               "The loss measures the error; the gradient says which way it grows. One step: "
               "**w ← w − η·∂L/∂w**.\n\n"
               "With L = (w·x − y)², x = 2, y = 1 and w = 0: ŷ = 0, ∂L/∂w = 2(ŷ − y)·x = **−4**. "
               "With η = 0.1, w becomes 0 + 0.4 = **0.4**; now ŷ = 0.8 and L drops from 1 to **0.04**."),
             preset=_neuron("Sigmoid"), views=("loss", "weights", "explorer"),
             try_this=(t("Prueba una tasa de aprendizaje de 3 y otra de 0.001.",
                         "Try a learning rate of 3 and one of 0.001."),
                       t("Abre el explorador de backprop con (w*x - y)^2.",
                         "Open the backprop explorer with (w*x - y)^2.")),
             observe=t("Con η grande la pérdida oscila o explota; con η pequeño apenas baja.",
                       "With a large η the loss oscillates or blows up; with a small one it barely moves.")),
    ),
)]
