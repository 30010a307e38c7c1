# LIX (DWLD + ARFD): SNE-RoadSeg-like RGB-D teacher -> RGB student on vKITTI2 (Table I).
_base_ = ['_base_/vkitti2_rgbd.py', '_base_/lix_sne_roadseg.py']
model = dict(
    data_preprocessor=dict(_base_.rgbd_data_preprocessor, type='mmseg.RGBXDataPreProcessor'),
    architecture=dict(decode_head=dict(num_classes=_base_.num_classes)),
    teacher=dict(cfg_path='mmkd_ext::lix/sne-roadseg-r152-rgbd_1xb3-80k_vkitti2-384x1248.py'),
    teacher_ckpt='checkpoints/sne-roadseg-r152-rgbd_1xb3-80k_vkitti2-384x1248.pth',
    distiller=dict(distill_losses=dict(loss_dwld=dict(num_classes=_base_.num_classes))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
