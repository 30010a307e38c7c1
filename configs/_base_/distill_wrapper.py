# The wrapper a paper-scale distillation leaf puts around the student config it inherits:
#     model = dict(frozen_teacher, **teachers[<teacher>], architecture=_base_.model,
#                  distiller=<the method's distiller with the pair's connectors>)
#     val_cfg = distill_val_cfg   # evaluates the student and the frozen teacher
# feature_teacher runs only the teacher's extract_feat (detectors, query-based heads).
frozen_teacher = dict(_delete_=True, _scope_='mmrazor', type='FrozenTeacherDistill')
feature_teacher = dict(frozen_teacher, type='FeatureTeacherDistill')
distill_val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
