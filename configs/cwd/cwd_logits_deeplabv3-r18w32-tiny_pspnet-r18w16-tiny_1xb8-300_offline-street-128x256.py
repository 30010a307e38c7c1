# Channel-wise distillation (MMRazor's ChannelWiseDivergence) on logits, tiny CNN pair,
# offline street data. The teacher checkpoint comes from training the teacher config.
_base_ = ['../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py']
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=dict(
            logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
        teacher_recorders=dict(
            logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
        distill_losses=dict(
            loss_cwd=dict(type='ChannelWiseDivergence', tau=1, loss_weight=5)),
        loss_forward_mappings=dict(
            loss_cwd=dict(
                preds_S=dict(from_student=True, recorder='logits'),
                preds_T=dict(from_student=False, recorder='logits')))))

find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
