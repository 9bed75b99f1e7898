// backward pass, "MATLAB indexing" version
// AT(A,i,j) is A(i,j) with 1-based i,j like in MATLAB, so the loops below are
// exactly the ones from my .m file.  GSL is row major -> row*tda + col.
#include "backprop.h"

#define AT(A, i, j) ((A)->data[((i) - 1) * (A)->tda + ((j) - 1)])
#define V(v, i)     ((v)->data[((i) - 1) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    if (m != cache->N || X->size2 != D || g->N != m)
        return 1;

    // dz2 = (probs - Y)/m,  Y(i, y(i)+1) = 1 since the labels start at 0
    for (i = 1; i <= m; i++) {
        for (k = 1; k <= C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) / m;
        AT(g->dz2, i, y[i - 1] + 1) -= 1.0 / m;
    }

    // dW2 = p1' * dz2 + 2*reg*W2 ,  db2 = sum(dz2,1)
    for (j = 1; j <= H; j++)
        for (k = 1; k <= C; k++) {
            acc = 0;
            for (i = 1; i <= m; i++)
                acc += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = acc + 2 * reg * AT(net->W2, j, k);
        }
    for (k = 1; k <= C; k++) {
        acc = 0;
        for (i = 1; i <= m; i++)
            acc += AT(g->dz2, i, k);
        V(g->db2, k) = acc;
    }

    // dp1 = dz2 * W2'  and relu
    for (i = 1; i <= m; i++)
        for (j = 1; j <= H; j++) {
            acc = 0;
            for (k = 1; k <= C; k++)
                acc += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = acc;
            AT(g->dz1, i, j) = (AT(cache->z1, i, j) > 0) ? acc : 0;
        }

    // dW1 = X' * dz1 + 2*reg*W1
    for (k = 1; k <= D; k++)
        for (j = 1; j <= H; j++) {
            acc = 0;
            for (i = 1; i <= m; i++)
                acc += AT(X, i, k) * AT(g->dz1, i, j);
            AT(g->dW1, k, j) = acc + 2 * reg * AT(net->W1, k, j);
        }

    // db1 = sum(dz1,1)
    for (j = 1; j <= H; j++) {
        acc = 0;
        for (i = 1; i <= m; i++)
            acc += AT(g->dz1, i, j);
        V(g->db1, j) = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
