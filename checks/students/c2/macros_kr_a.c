#include "backprop.h"

#define M(A,i,j) ((A)->data[(i)*(A)->tda+(j)])
#define V(v,i)   ((v)->data[(i)*(v)->stride])

int backward(const bp_net*,const gsl_matrix*,const size_t*,double,const bp_cache*,bp_grads*);

int backward(const bp_net *n,const gsl_matrix *X,const size_t *y,double r,
	const bp_cache *c,bp_grads *g)
{
	size_t N=X->size1,D=n->D,H=n->H,K=n->C,i,j,k;
	double s;

	for(i=0;i<N;i++)for(k=0;k<K;k++)
		M(g->dz2,i,k)=(M(c->prob,i,k)-(k==y[i]))/N;
	for(j=0;j<H;j++)for(k=0;k<K;k++){
		for(s=0,i=0;i<N;i++)s+=M(c->p1,i,j)*M(g->dz2,i,k);
		M(g->dW2,j,k)=s+2*r*M(n->W2,j,k);
	}
	for(k=0;k<K;k++){
		for(s=0,i=0;i<N;i++)s+=M(g->dz2,i,k);
		V(g->db2,k)=s;
	}
	for(i=0;i<N;i++)for(j=0;j<H;j++){
		for(s=0,k=0;k<K;k++)s+=M(g->dz2,i,k)*M(n->W2,j,k);
		M(g->dp1,i,j)=s;
	}
	for(i=0;i<N;i++)for(j=0;j<H;j++)
		M(g->dz1,i,j)=M(c->p1,i,j)>0?M(g->dp1,i,j):0;
	for(i=0;i<D;i++)for(j=0;j<H;j++){
		for(s=0,k=0;k<N;k++)s+=M(X,k,i)*M(g->dz1,k,j);
		M(g->dW1,i,j)=s+2*r*M(n->W1,i,j);
	}
	for(j=0;j<H;j++){
		for(s=0,i=0;i<N;i++)s+=M(g->dz1,i,j);
		V(g->db1,j)=s;
	}
	g->present=BP_GRADS_ALL;
	return 0;
}
