# HeteroAKD, CNN teacher (DeepLabV3-R101) -> Transformer student (SegFormer MiT-B0), Cityscapes.
# The user supplies the teacher checkpoint (train the teacher config on this dataset or
# convert a released one) at checkpoints/heteroakd/<teacher>_<dataset>.pth, the first and
# last parts of the pair's name. Projectors: last backbone stage of each model.
_base_ = ['./_base_/segformer_mit-b0_8xb1-160k_cityscapes-512x1024.py',
          './_base_/heteroakd_pairs.py']
model = dict(_base_.frozen_teacher, architecture=_base_.model,
             **_base_.pairs['deeplabv3-r101_segformer-mitb0_cityscapes'])
val_cfg = _base_.distill_val_cfg
