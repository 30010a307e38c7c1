# BCKD, Table II/III pair: PSPNet-R101 -> PSPNet-R18 on Cityscapes (fused map 64x128: the
# 8192 x 8192 relations are computed in row chunks). Supply the teacher checkpoint
# (mmseg's PSPNet-R101 Cityscapes weights) at checkpoints/pspnet_r101-d8_cityscapes.pth.
_base_ = ['mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py',
          './_base_/bckd_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
        pretrained=False),
    teacher_ckpt='checkpoints/pspnet_r101-d8_cityscapes.pth',
    distiller=dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=[64, 128, 256, 512]),
        fusion_T=_base_.teacher_fusion)))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
