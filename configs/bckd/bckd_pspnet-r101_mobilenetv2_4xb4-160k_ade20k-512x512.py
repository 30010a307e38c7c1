# BCKD, Table II pair: PSPNet-R101 -> PSPNet-MobileNetV2-d8 on ADE20K (stages 24/32/96/320,
# stride 8 from stage 1).
# Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_ade20k.pth.
_base_ = ['mmseg::mobilenet_v2/mobilenet-v2-d8_pspnet_4xb4-160k_ade20k-512x512.py',
          './_base_/bckd_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::pspnet/pspnet_r101-d8_4xb4-160k_ade20k-512x512.py',
        pretrained=False),
    teacher_ckpt='checkpoints/pspnet_r101-d8_ade20k.pth',
    distiller=dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=[24, 32, 96, 320]),
        fusion_T=_base_.teacher_fusion)))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
