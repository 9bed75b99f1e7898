/* Backprop through  X -> Z1 -> A=relu(Z1) -> Z2 -> softmax/CE.
 * Raw arrays: entry (i,j) of a matrix M is M->data[i*M->tda + j]. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void sumrows(const gsl_matrix *M, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double s = 0;
        for (i = 0; i < M->size1; i++)
            s += M->data[i * M->tda + j];
        gsl_vector_set(v, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, k = net->C, i, j;
    double *G = g->dz2->data, *Gh = g->dp1->data, *Gz = g->dz1->data;
    const double *P = cache->prob->data;
    size_t tg = g->dz2->tda, tp = cache->prob->tda, th = g->dp1->tda, tz = g->dz1->tda;

    /* G = (P - Y)/n */
    for (i = 0; i < n; i++) {
        for (j = 0; j < k; j++)
            G[i*tg + j] = P[i*tp + j] / n;
        G[i*tg + y[i]] -= 1.0 / n;
    }

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2*reg, g->dW2);
    sumrows(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: pass the gradient where it is positive */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++)
            Gz[i*tz + j] = Gh[i*th + j] > 0 ? Gh[i*th + j] : 0.0;

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2*reg, g->dW1);
    sumrows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
