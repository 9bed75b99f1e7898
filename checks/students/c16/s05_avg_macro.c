/* two layer net -- backward. loops only.
   r=reg N=batch. loss has no 1/2 -> 2r */
#include <math.h>
#include "backprop.h"

#define A(m,i,j) (m)->data[(i)*(m)->tda+(j)]
#define B(v,i) (v)->data[(i)*(v)->stride]
#define F(i,n) for(i=0;i<(n);++i)
#define AVG(x) x/N
#define SQ(x) ((x)*(x))

int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,D=net->D,H=net->H,C=net->C,i,j,k;
  double s;
  if(N!=c->N||X->size2!=D||g->N!=N)return 1;

  /* scores */
  F(i,N)F(j,C)A(g->dz2,i,j)=AVG(A(c->prob,i,j)-(double)(j==y[i]));

  /* W2 b2 */
  F(k,H)F(j,C){s=0;F(i,N)s+=A(c->p1,i,k)*A(g->dz2,i,j);A(g->dW2,k,j)=s+2*r*A(net->W2,k,j);}
  F(j,C){s=0;F(i,N)s+=A(g->dz2,i,j);B(g->db2,j)=s;}

  /* hidden */
  F(i,N)F(k,H){s=0;F(j,C)s+=A(g->dz2,i,j)*A(net->W2,k,j);A(g->dp1,i,k)=s;}
  F(i,N)F(k,H)A(g->dz1,i,k)=A(c->z1,i,k)>0?A(g->dp1,i,k):0;

  /* W1 b1 */
  F(k,D)F(j,H){s=0;F(i,N)s+=A(X,i,k)*A(g->dz1,i,j);A(g->dW1,k,j)=s+2*r*A(net->W1,k,j);}
  F(j,H){s=0;F(i,N)s+=A(g->dz1,i,j);B(g->db1,j)=s;}

#if 0
  /* loss, for checking by hand */
  s=0;F(i,N)s-=log(A(c->prob,i,y[i]));s/=N;
  F(k,D)F(j,H)s+=r*SQ(A(net->W1,k,j));
  F(k,H)F(j,C)s+=r*SQ(A(net->W2,k,j));
#endif
  g->present=BP_GRADS_ALL;
  return 0;
}
