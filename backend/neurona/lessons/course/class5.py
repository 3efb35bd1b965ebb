"""Class 5: beyond classification: segmentation, upsampling, Dice and Jaccard, time series and LSTMs."""

from __future__ import annotations

from ..models import Lesson
from .build import Preset, step, t

LESSONS = [Lesson(
    id="segmentation", class_number=5,
    title=t("Más allá de la clasificación", "Beyond classification"),
    summary=t("Segmentación con redes totalmente convolucionales, formas de agrandar un mapa, Dice y Jaccard, "
              "series temporales con LSTM.",
              "Segmentation with fully convolutional nets, ways to grow a map, Dice and Jaccard, time series with "
              "LSTMs."),
    steps=(
        step(t("Segmentación: una clase por píxel", "Segmentation: one class per pixel"),
             t("Una red **totalmente convolucional** no tiene capas densas: su salida es un mapa del tamaño de la "
               "imagen. La UNet reduce 16 → 8 → 4 y vuelve a 16, y las conexiones Concat traen el detalle fino "
               "del codificador.",
               "A **fully convolutional** net has no dense layers: its output is a map the size of the image. "
               "The UNet shrinks 16 → 8 → 4 and grows back to 16, and the Concat connections bring back the "
               "encoder's fine detail."),
             preset=Preset(template="unet", training={"optimizer": "adam", "lr": 0.003, "batch_size": 32,
                                                      "epochs": 5}),
             views=("samples", "activations"),
             try_this=(t("Borra una conexión Concat y compara los bordes de las máscaras.",
                         "Delete one Concat connection and compare the masks' edges."),),
             observe=t("Sin los saltos las máscaras salen borrosas.", "Without the skips the masks come out "
                       "blurred.")),
        step(t("Agrandar: vecino, lecho de clavos, unpooling, transpuesta", "Growing: nearest, bed of nails, "
               "unpooling, transposed"),
             t("Para [[1, 2], [3, 4]] ×2:\n\n"
               "- **vecino más cercano**: cada valor se copia en un bloque 2×2\n"
               "- **lecho de clavos**: el valor arriba a la izquierda, ceros en el resto\n"
               "- **max-unpooling**: el valor vuelve a donde estaba el máximo del pooling (plantilla SegNet)\n"
               "- **convolución transpuesta**: O = (I − 1)·S − 2P + F + P_out; con I = 7, S = 2, P = 1, F = 3, "
               "P_out = 1: 6·2 − 2 + 3 + 1 = **14**",
               "For [[1, 2], [3, 4]] ×2:\n\n"
               "- **nearest neighbour**: each value is copied into a 2×2 block\n"
               "- **bed of nails**: the value at the top left, zeros elsewhere\n"
               "- **max-unpooling**: the value goes back where the pooling found its maximum (SegNet template)\n"
               "- **transposed convolution**: O = (I − 1)·S − 2P + F + P_out; with I = 7, S = 2, P = 1, F = 3, "
               "P_out = 1: 6·2 − 2 + 3 + 1 = **14**"),
             preset=Preset(template="segnet_autoencoder", training={"optimizer": "adam", "lr": 0.003,
                                                                    "batch_size": 32, "epochs": 3}),
             views=("inspector", "samples"),
             observe=t("El inspector de u1 muestra el tamaño que recupera el unpooling.",
                       "u1's inspector shows the size the unpooling restores.")),
        step(t("Dice y Jaccard", "Dice and Jaccard"),
             t("Predicción de 6 píxeles, verdad de 6, 4 en común:\n\n"
               "- Dice = 2·4/(6 + 6) = **0.667**\n- Jaccard = 4/(6 + 6 − 4) = **0.5**\n\n"
               "Siempre Dice = 2J/(1 + J). La pérdida soft-Dice 1 − Dice usa probabilidades en vez de 0/1.",
               "A prediction of 6 pixels, a truth of 6, 4 in common:\n\n"
               "- Dice = 2·4/(6 + 6) = **0.667**\n- Jaccard = 4/(6 + 6 − 4) = **0.5**\n\n"
               "Always Dice = 2J/(1 + J). The soft-Dice loss 1 − Dice uses probabilities instead of 0/1."),
             explainer="dice",
             try_this=(t("Pinta la predicción igual que la verdad.", "Paint the prediction the same as the "
                         "truth."),),
             observe=t("Dice premia el solape más que Jaccard: 0.667 frente a 0.5.",
                       "Dice rewards overlap more than Jaccard: 0.667 against 0.5.")),
        step(t("Series temporales y LSTM", "Time series and LSTMs"),
             t("Una LSTM lee la secuencia paso a paso con un estado que olvida, guarda y emite por puertas. "
               "Con entrada de 4 canales y 16 unidades tiene 4·(16·4 + 16·16 + 2·16) = **1,408** parámetros. "
               "El codificador resume 6 pasos en un estado; el decodificador predice los 6 siguientes.",
               "An LSTM reads the sequence step by step with a state that forgets, keeps and emits through "
               "gates. With 4 input channels and 16 units it has 4·(16·4 + 16·16 + 2·16) = **1,408** "
               "parameters. The encoder sums up 6 steps in one state; the decoder predicts the next 6."),
             preset=Preset(template="seq2seq_lstm", training={"optimizer": "adam", "lr": 0.01, "epochs": 20}),
             views=("samples", "loss"),
             observe=t("Las predicciones siguen la fase de las ondas antes que su amplitud.",
                       "The predictions follow the waves' phase before their amplitude.")),
    ),
)]
