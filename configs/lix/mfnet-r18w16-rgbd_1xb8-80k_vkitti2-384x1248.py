# MFNet-like RGB-D teacher (lightweight duplex encoders, late fusion) on vKITTI2 (Table I).
_base_ = ['_base_/vkitti2_rgbd.py', '_base_/mfnet_rgbd.py']
model = dict(data_preprocessor=_base_.rgbd_data_preprocessor,
             decode_head=dict(num_classes=_base_.num_classes))
train_dataloader = dict(batch_size=8)
