from .label_aware_distiller import LabelAwareDistiller

__all__ = ['LabelAwareDistiller']
