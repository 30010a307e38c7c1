# HeteroAKD with the teacher-side projector fitted on the frozen teacher (300 AdamW steps on
# training batches, before distillation), then frozen: KMM rates a trained teacher projection
# from the first KD iteration on. CNN teacher -> Transformer student, tiny pair.
_base_ = [
    '../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
# the hook lives in this project's package (PYTHONPATH=projects/offline_benchmark)
custom_imports = dict(imports=['mmkd_ext', 'offline_benchmark.teacher_connector_fit_hook'],
                      allow_failed_imports=False)
custom_hooks = [
    *_base_.custom_hooks,
    dict(type='mmrazor.TeacherConnectorFitHook', connector='proj_T', loss_name='loss_proj_T',
         iters=300)
]
