# HeteroAKD, Transformer teacher (SegFormer MiT-B4) -> CNN student (DeepLabV3-R18), Cityscapes.
# The user supplies the teacher checkpoint (train the teacher config on this dataset or
# convert a released one) at checkpoints/heteroakd/<teacher>_<dataset>.pth, the first and
# last parts of the pair's name. Projectors: last backbone stage of each model.
_base_ = ['mmseg::deeplabv3/deeplabv3_r18-d8_4xb2-80k_cityscapes-512x1024.py',
          './_base_/heteroakd_pairs.py']
model = dict(_base_.frozen_teacher, architecture=_base_.model,
             **_base_.pairs['segformer-mitb4_deeplabv3-r18_cityscapes'])
val_cfg = _base_.distill_val_cfg
