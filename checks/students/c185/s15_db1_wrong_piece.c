/* Two-layer net, backward pass.  CS assignment 2.
 * Scratch is one block T, and the pieces are addressed with the
 * offset macros below (N, D, H, C are locals of backward).
 */
#include <stdlib.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

#define O_DSC   0                   /* N*C */
#define O_DHID  (O_DSC + N*C)       /* N*H */
#define O_DRELU (O_DHID + N*H)      /* N*H */
#define O_DB    (O_DRELU + N*H)     /* C + H : db2 then db1 */
#define T_SIZE  (O_DB + C + H)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double *T;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    T = calloc(T_SIZE, sizeof(double));
    if (T == NULL)
        return 1;
    double *dsc = T + O_DSC, *dhid = T + O_DHID, *drelu = T + O_DRELU;
    double *db2 = T + O_DB, *db1 = T + O_DB + C;

    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dsc[i*C + j] = gsl_matrix_get(cache->prob, i, j) / N;
        dsc[i*C + y[i]] -= 1.0 / N;
    }

    /* dW2 = p1^T dsc + 2 reg W2, straight into g */
    gsl_matrix_memcpy(g->dW2, net->W2);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
                1.0, cache->p1->data, (int)cache->p1->tda, dsc, (int)C,
                2.0 * reg, g->dW2->data, (int)g->dW2->tda);

    /* dhid = dsc W2^T */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)H, (int)C,
                1.0, dsc, (int)C, net->W2->data, (int)net->W2->tda,
                0.0, dhid, (int)H);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            drelu[i*H + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? dhid[i*H + j] : 0;

    /* dW1 = X^T drelu + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
                1.0, X->data, (int)X->tda, drelu, (int)H,
                2.0 * reg, g->dW1->data, (int)g->dW1->tda);

    /* biases: column sums */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            db2[j] += dsc[i*C + j];
        for (j = 0; j < H; j++)
            db1[j] += dhid[i*H + j];
    }

    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, dsc[i*C + j]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dhid[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, drelu[i*H + j]);
        }
    }
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    free(T);
    g->present = BP_GRADS_ALL;
    return 0;
}
