# Stock detection KD baseline on the tiny GFL pair: MMRazor's PKD (Pearson-correlation
# feature imitation) on the first four FPN levels with weight 6 each, as MMRazor's PKD
# RetinaNet / Faster R-CNN configs.
_base_ = ['../../tiny/gfl_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py',
          '../../_base_/distill_wrapper.py']
teacher_cfg = 'mmkd_ext::tiny/gfl_r18-w32-tiny_1xb4-2000_offline-street-det-256x512.py'
fpn = dict(fpn=dict(type='ModuleOutputs', source='neck'))
model = dict(
    _base_.feature_teacher,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=f'work_dirs/{teacher_cfg[15:-3]}/iter_2000.pth',
    architecture=_base_.model,
    distiller=dict(
        type='ConfigurableDistiller',
        student_recorders=fpn,
        teacher_recorders=fpn,
        distill_losses={f'loss_pkd_fpn{i}': dict(type='PKDLoss', loss_weight=6)
                        for i in range(4)},
        loss_forward_mappings={f'loss_pkd_fpn{i}': dict(
            preds_S=dict(from_student=True, recorder='fpn', data_idx=i),
            preds_T=dict(from_student=False, recorder='fpn', data_idx=i)) for i in range(4)}))
val_cfg = _base_.distill_val_cfg
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
