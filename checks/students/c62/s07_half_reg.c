#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define R(m,i) ((m)->data+(size_t)(i)*(m)->tda)
static int n,d,h,c;
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg, const bp_cache *cache, bp_grads *g)
{
  n=X->size1;d=X->size2;h=net->H;c=net->C;
  F(i,0,n){double*q=R(g->dz2,i);const double*p=R(cache->prob,i);F(j,0,c)q[j]=(p[j]-(j==(int)y[i]))/n;}
  F(k,0,h){double*w=R(g->dW2,k),*v=R(net->W2,k);F(j,0,c){double s=0;F(i,0,n)s+=R(cache->p1,i)[k]*R(g->dz2,i)[j];w[j]=s+reg*v[j];}}
  F(j,0,c){double s=0;F(i,0,n)s+=R(g->dz2,i)[j];g->db2->data[j*g->db2->stride]=s;}
  F(i,0,n){double*q=R(g->dp1,i);F(k,0,h){q[k]=0;F(j,0,c)q[k]+=R(g->dz2,i)[j]*R(net->W2,k)[j];}}
  F(i,0,n){double*q=R(g->dz1,i),*u=R(g->dp1,i),*z=R(cache->z1,i);F(k,0,h)q[k]=z[k]>0?u[k]:0;}
  F(a,0,d){double*w=R(g->dW1,a),*v=R(net->W1,a);F(k,0,h){double s=0;F(i,0,n)s+=R(X,i)[a]*R(g->dz1,i)[k];w[k]=s+2*reg*v[k];}}
  F(k,0,h){double s=0;F(i,0,n)s+=R(g->dz1,i)[k];g->db1->data[k*g->db1->stride]=s;}
  g->present=BP_GRADS_ALL;
  return 0;
}
