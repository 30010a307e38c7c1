from .frozen_teacher_distill import FrozenTeacherDistill
from .teacher_checkpoint import load_teacher_checkpoint

__all__ = ['FrozenTeacherDistill', 'load_teacher_checkpoint']
