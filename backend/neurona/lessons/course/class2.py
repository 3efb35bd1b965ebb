"""Class 2: the multi-layer perceptron, its weight matrices, mini-batch SGD, backprop, softmax and cross-entropy."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, step, t

LESSONS = [Lesson(
    id="mlp", class_number=2,
    title=t("El perceptrón multicapa", "The multi-layer perceptron"),
    summary=t("Capas ocultas, el tamaño de cada matriz de pesos, SGD por mini-lotes, backprop, softmax y "
              "entropía cruzada.",
              "Hidden layers, the size of every weight matrix, mini-batch SGD, backprop, softmax and "
              "cross-entropy."),
    steps=(
        step(t("Capas y matrices", "Layers and matrices"),
             t("Una capa Linear de n entradas y m salidas guarda una matriz **W de m × n** y un sesgo de m.\n\n"
               "Red 2 → 16 → 16 → 2: 16·2 + 16 = **48**, 16·16 + 16 = **272**, 2·16 + 2 = **34**; "
               "en total **354** parámetros.",
               "A Linear layer with n inputs and m outputs holds a **W of m × n** and a bias of m.\n\n"
               "Network 2 → 16 → 16 → 2: 16·2 + 16 = **48**, 16·16 + 16 = **272**, 2·16 + 2 = **34**; "
               "**354** parameters in all."),
             preset=Preset(template="mlp"), explainer="param_count", explainer_input={"template": "mlp"},
             views=("boundary", "unit_maps"),
             try_this=(t("Entrena y mira qué dibuja cada neurona oculta.", "Train and look at what each hidden "
                         "unit draws."),),
             observe=t("Cada neurona oculta corta el plano con una recta; la capa siguiente las combina en una "
                       "curva cerrada.",
                       "Each hidden unit cuts the plane with a line; the next layer combines them into a closed "
                       "curve.")),
        step(t("SGD por mini-lotes", "Mini-batch SGD"),
             t("Cada paso usa un lote de B ejemplos. Con 250 ejemplos de entrenamiento y B = 25 hay "
               "**250 / 25 = 10 pasos por época**. Lotes pequeños: pasos ruidosos y baratos; grandes: "
               "gradientes más fieles.",
               "Each step uses a batch of B examples. With 250 training examples and B = 25 there are "
               "**250 / 25 = 10 steps per epoch**. Small batches: noisy, cheap steps; large ones: truer "
               "gradients."),
             preset=Preset(template="mlp", training={"optimizer": "sgd", "lr": 0.1, "batch_size": 25,
                                                     "epochs": 50}),
             views=("loss", "boundary"),
             try_this=(t("Compara B = 1 con B = 250.", "Compare B = 1 with B = 250."),),
             observe=t("Con B = 1 la curva de pérdida tiembla; con B = 250 es lisa pero avanza un paso por "
                       "época.",
                       "With B = 1 the loss curve shakes; with B = 250 it is smooth but moves one step per "
                       "epoch.")),
        step(t("Backpropagation a mano", "Backpropagation by hand"),
             t("La regla de la cadena, nodo a nodo. Para f = (a·b + c)·2 con a = 2, b = −3, c = 10: "
               "a·b + c = 4 y f = **8**; ∂f/∂c = 2, ∂f/∂a = 2·b = **−6**, ∂f/∂b = 2·a = **4**.",
               "The chain rule, node by node. For f = (a·b + c)·2 with a = 2, b = −3, c = 10: "
               "a·b + c = 4 and f = **8**; ∂f/∂c = 2, ∂f/∂a = 2·b = **−6**, ∂f/∂b = 2·a = **4**."),
             views=("explorer",),
             try_this=(t("Escribe (a*b + c)*2 en el explorador y recorre el paso hacia atrás.",
                         "Type (a*b + c)*2 in the explorer and walk through the backward pass."),),
             observe=t("El gradiente de cada nodo es el de su salida por la derivada local.",
                       "Each node's gradient is its output's times the local derivative.")),
        step(t("Softmax", "Softmax"),
             t("Softmax convierte puntuaciones en probabilidades: p_i = e^(s_i) / Σ e^(s_j).\n\n"
               "Para s = (2, 1, 0.1): e^s = 7.389, 2.718, 1.105; suma 11.212; p = (**0.659**, **0.242**, "
               "**0.099**).",
               "Softmax turns scores into probabilities: p_i = e^(s_i) / Σ e^(s_j).\n\n"
               "For s = (2, 1, 0.1): e^s = 7.389, 2.718, 1.105; sum 11.212; p = (**0.659**, **0.242**, "
               "**0.099**)."),
             explainer="softmax", explainer_input={"scores": [2.0, 1.0, 0.1], "temperature": 1.0},
             try_this=(t("Pon la temperatura a 0.2 y luego a 5.", "Set the temperature to 0.2, then to 5."),),
             observe=t("Temperatura baja: casi todo a la mayor; alta: casi uniforme.",
                       "Low temperature: nearly all on the largest; high: nearly uniform.")),
        step(t("Entropía cruzada", "Cross-entropy"),
             t("La pérdida de un ejemplo es **−ln p(clase correcta)**: −ln 0.9 = 0.105, −ln 0.4 = 0.916.\n\n"
               "Los modelos A y B aciertan 3 de 4 (75 %), pero A está seguro cuando acierta y duda cuando "
               "falla: su pérdida media es mucho menor.",
               "One example's loss is **−ln p(true class)**: −ln 0.9 = 0.105, −ln 0.4 = 0.916.\n\n"
               "Models A and B both get 3 of 4 right (75 %), but A is sure when right and hesitant when wrong: "
               "its mean loss is much lower."),
             explainer="cross_entropy",
             try_this=(t("Baja a 0.05 la probabilidad correcta de un ejemplo.", "Lower one example's true-class "
                         "probability to 0.05."),),
             observe=t("Un solo error muy seguro dispara la pérdida: −ln 0.05 = 3.0.",
                       "One confident mistake makes the loss jump: −ln 0.05 = 3.0.")),
    ),
)]
