"""Models: MLP, CNN, attention, transformer, recurrent, word embeddings, language models, VAE.

Import from the submodules (``technical.models.mlp:MLP`` etc.); :func:`build_classifier` builds
an image classifier by name for the CLI.
"""

from __future__ import annotations

from torch import nn

from technical.errors import TechnicalUserError

__all__ = ["CLASSIFIERS", "build_classifier"]

CLASSIFIERS = ("mlp", "cnn", "transformer", "rnn", "lstm", "gru")


def build_classifier(name: str, image_size: int, num_classes: int) -> nn.Module:
    """Build an image classifier by name, sized to ``image_size`` x ``image_size`` inputs.

    Sequence models read the image row by row (T = H rows of W pixels).

    Raises:
        TechnicalUserError: unknown model name.
    """
    if name == "mlp":
        from technical.models.mlp import MLP

        return MLP(in_features=image_size * image_size, num_classes=num_classes)
    if name == "cnn":
        from technical.models.cnn import CNN

        return CNN(in_channels=1, image_size=image_size, num_classes=num_classes)
    if name == "transformer":
        from technical.models.transformer import TransformerClassifier, TransformerConfig

        return TransformerClassifier(
            TransformerConfig(in_features=image_size, max_len=image_size, num_classes=num_classes)
        )
    if name in ("rnn", "lstm", "gru"):
        from technical.models import recurrent

        cls = {
            "rnn": recurrent.RNNClassifier,
            "lstm": recurrent.LSTMClassifier,
            "gru": recurrent.GRUClassifier,
        }[name]
        return cls(input_size=image_size, hidden_size=64, num_classes=num_classes)
    raise TechnicalUserError(f"unknown model {name!r}; choose one of {', '.join(CLASSIFIERS)}")
