#include "backprop/net.h"
#include "backprop/grads.h"
int backward(const bp_net*,const gsl_matrix*,const size_t*,double,const bp_cache*,bp_grads*);
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *k,bp_grads *g){
 size_t N=X->size1,D=net->D,H=net->H,C=net->C,i,j,c;
 double *a=g->dz2->data,*w=net->W2->data,s;
 for(i=0;i<N;i++)for(c=0;c<C;c++)a[i*C+c]=(k->prob->data[i*C+c]-(c==y[i]))/N;
 for(j=0;j<H;j++)for(c=0;c<C;c++){for(s=0,i=0;i<N;i++)s+=k->p1->data[i*H+j]*a[i*C+c];g->dW2->data[j*C+c]=s+2*reg*w[j*C+c];}
 for(c=0;c<C;c++){for(s=0,i=0;i<N;i++)s+=a[i*C+c];g->db2->data[c]=s;}
 for(i=0;i<N;i++)for(j=0;j<H;j++){for(s=0,c=0;c<C;c++)s+=a[i*C+c]*w[c*H+j];g->dp1->data[i*H+j]=s;}
 for(i=0;i<N*H;i++)g->dz1->data[i]=k->z1->data[i]>0?g->dp1->data[i]:0;
 for(j=0;j<D;j++)for(c=0;c<H;c++){for(s=0,i=0;i<N;i++)s+=X->data[i*D+j]*g->dz1->data[i*H+c];g->dW1->data[j*H+c]=s+2*reg*net->W1->data[j*H+c];}
 for(c=0;c<H;c++){for(s=0,i=0;i<N;i++)s+=g->dz1->data[i*H+c];g->db1->data[c]=s;}
 g->present=BP_GRADS_ALL;return 0;}
