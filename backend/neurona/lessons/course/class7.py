"""Class 7: NLP: tokenization, embeddings, attention, the transformer layer, vision transformers."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, step, t

LESSONS = [Lesson(
    id="transformers", class_number=7,
    title=t("Del texto a los transformers", "From text to transformers"),
    summary=t("Tokenizar, incrustar, atender: la capa transformer y el transformer de visión.",
              "Tokenize, embed, attend: the transformer layer and the vision transformer."),
    steps=(
        step(t("Tokenización: caracteres, palabras, BPE", "Tokenization: characters, words, BPE"),
             t("Por caracteres el vocabulario es pequeño y las secuencias largas; por palabras, al revés, y las "
               "palabras nuevas no existen. **BPE** empieza por los caracteres y fusiona el par vecino más "
               "frecuente: en \"low lower lowest\", (l, o) aparece 3 veces y se fusiona primero en \"lo\".",
               "By characters the vocabulary is small and the sequences long; by words, the opposite, and new "
               "words do not exist. **BPE** starts from the characters and merges the most frequent neighbouring "
               "pair: in \"low lower lowest\", (l, o) appears 3 times and is merged first into \"lo\"."),
             explainer="bpe", explainer_input={"corpus": "low lower lowest", "merges": 6},
             try_this=(t("Escribe una frase en español y sigue las fusiones.", "Type a sentence in Spanish and "
                         "follow the merges."),),
             observe=t("Las primeras fusiones son raíces y terminaciones frecuentes.",
                       "The first merges are frequent stems and endings.")),
        step(t("Embeddings y atención", "Embeddings and attention"),
             t("Un Embedding de 50 tokens y 16 dimensiones es una tabla de 50·16 = **800** pesos. La atención "
               "pondera los valores con softmax(q·k/√d). Con q = (1, 0), k₁ = (1, 0), k₂ = (0, 1) y d = 2: "
               "puntuaciones 1/√2 = 0.707 y 0, pesos (**0.670**, **0.330**).",
               "An Embedding of 50 tokens and 16 dimensions is a table of 50·16 = **800** weights. Attention "
               "weighs the values by softmax(q·k/√d). With q = (1, 0), k₁ = (1, 0), k₂ = (0, 1) and d = 2: "
               "scores 1/√2 = 0.707 and 0, weights (**0.670**, **0.330**)."),
             explainer="softmax", explainer_input={"scores": [0.707, 0.0], "temperature": 1.0},
             preset=Preset(template="transformer_classifier", training={"optimizer": "adam", "lr": 0.003,
                                                                        "batch_size": 32, "epochs": 5}),
             views=("activations", "samples"),
             observe=t("Las posiciones de los marcadores reciben más peso.", "The marker positions get more "
                       "weight.")),
        step(t("La capa transformer", "The transformer layer"),
             t("Un bloque: x + Atención(LN(x)), luego x + MLP(LN(x)). Las **conexiones residuales** dejan pasar "
               "el gradiente; **LayerNorm** normaliza cada posición. La atención no ve el orden, así que se suma "
               "una **codificación posicional**: PE(pos, 2i) = sin(pos/10000^(2i/d)). PE(1, 0) = sin 1 = "
               "**0.841**, PE(1, 1) = cos 1 = **0.540**.",
               "A block: x + Attention(LN(x)), then x + MLP(LN(x)). The **residual connections** let the gradient "
               "through; **LayerNorm** normalises each position. Attention does not see order, so a "
               "**positional encoding** is added: PE(pos, 2i) = sin(pos/10000^(2i/d)). PE(1, 0) = sin 1 = "
               "**0.841**, PE(1, 1) = cos 1 = **0.540**."),
             explainer="positional_encoding", explainer_input={"length": 32, "dim": 32},
             preset=Preset(template="transformer_seq2seq", training={"optimizer": "adam", "lr": 0.003,
                                                                     "batch_size": 32, "epochs": 10}),
             views=("samples", "loss"),
             observe=t("Las columnas de la izquierda cambian deprisa con la posición; las de la derecha, "
                       "despacio.",
                       "The left columns change fast with position; the right ones, slowly.")),
        step(t("Transformer de visión", "Vision transformer"),
             t("La imagen de 8×8 se corta en parches de 4×4: (8/4)² = **4** parches, más el token de clase, "
               "**5** tokens de 16 dimensiones. El estado final del token de clase se clasifica.",
               "The 8×8 image is cut into 4×4 patches: (8/4)² = **4** patches, plus the class token, **5** "
               "tokens of 16 dimensions. The class token's final state is classified."),
             preset=Preset(template="tiny_vit", training={"optimizer": "adam", "lr": 0.003, "batch_size": 32,
                                                          "epochs": 10}),
             views=("samples", "confusion"),
             observe=t("Con tan pocos datos un ViT aprende más despacio que una CNN.",
                       "With this little data a ViT learns more slowly than a CNN.")),
    ),
)]
