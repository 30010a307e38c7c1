from .frozen_teacher_distill import FrozenTeacherDistill
from .cross_modal_distill import CrossModalDistill
from .feature_teacher_distill import FeatureTeacherDistill
from .teacher_checkpoint import load_teacher_checkpoint

__all__ = ['CrossModalDistill', 'FeatureTeacherDistill', 'FrozenTeacherDistill',
           'load_teacher_checkpoint']
