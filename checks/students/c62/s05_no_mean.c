#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
	n=X->size1,d=net->D,h=net->H,c=net->C;
	gsl_matrix *dz=g->dz2,*dp=g->dp1,*dq=g->dz1;
	F(i,0,n)F(j,0,c)S(dz,i,j,G(cache->prob,i,j)-(j==(int)y[i]));
	F(k,0,h)F(j,0,c){double s=0;F(i,0,n)s+=G(cache->p1,i,k)*G(dz,i,j);S(g->dW2,k,j,s+2*reg*G(net->W2,k,j));}
	F(j,0,c){double s=0;F(i,0,n)s+=G(dz,i,j);gsl_vector_set(g->db2,j,s);}
	F(i,0,n)F(k,0,h){double s=0;F(j,0,c)s+=G(dz,i,j)*G(net->W2,k,j);S(dp,i,k,s);}
	F(i,0,n)F(k,0,h)S(dq,i,k,G(cache->z1,i,k)>0?G(dp,i,k):0);
	F(a,0,d)F(k,0,h){double s=0;F(i,0,n)s+=G(X,i,a)*G(dq,i,k);S(g->dW1,a,k,s+2*reg*G(net->W1,a,k));}
	F(k,0,h){double s=0;F(i,0,n)s+=G(dq,i,k);gsl_vector_set(g->db1,k,s);}
	g->present=BP_GRADS_ALL;
	return 0;
}
