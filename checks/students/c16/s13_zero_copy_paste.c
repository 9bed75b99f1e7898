/* backward pass, 2 layer net.  one sweep per layer, biases summed on the fly
   -- tm, cs231n-in-C reading group, wk 4 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

#define at(m,i,j) (*gsl_matrix_ptr((m),(i),(j)))
#define ct(m,i,j) (*gsl_matrix_const_ptr((m),(i),(j)))
#define vt(v,i) (*gsl_vector_ptr((v),(i)))
#define each(i,n) for(size_t i=0;i<(n);i++)

int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *c,bp_grads *g)
{
  const size_t N=X->size1,D=net->D,H=net->H,C=net->C;
  if(N!=c->N||X->size2!=D||g->N!=N)return 1;
  gsl_matrix *dW1=g->dW1,*dW2=g->dW2,*dz2=g->dz2,*dp=g->dp1,*dz1=g->dz1;
  gsl_matrix *P=c->prob,*A=c->p1,*Z=c->z1;

  gsl_vector_set_zero(g->db2);gsl_vector_set_zero(g->db2);
  gsl_matrix_memcpy(dW2,net->W2),gsl_matrix_scale(dW2,2*reg);
  gsl_matrix_memcpy(dW1,net->W1),gsl_matrix_scale(dW1,2*reg);

  each(i,N)each(j,C){
    double d=(at(P,i,j)-(j==y[i]))/N;
    at(dz2,i,j)=d,vt(g->db2,j)+=d;
    each(k,H)at(dW2,k,j)+=at(A,i,k)*d;
  }
  each(i,N)each(k,H){
    double s=0;each(j,C)s+=at(dz2,i,j)*at(net->W2,k,j);
    at(dp,i,k)=s,at(dz1,i,k)=at(Z,i,k)>0?s:0,vt(g->db1,k)+=at(dz1,i,k);
    each(d,D)at(dW1,d,k)+=ct(X,i,d)*at(dz1,i,k);
  }
  g->present=BP_GRADS_ALL;
  return 0;
}
