from .load_x_modality import (ConcatXModality, LoadXModalityFromFile,
                              WithXModality)
from .load_vkitti2_annotations import LoadVKITTI2Annotations

__all__ = ['ConcatXModality', 'LoadXModalityFromFile', 'WithXModality', 'LoadVKITTI2Annotations']
